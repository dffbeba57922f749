"""tiaojie (调解): training and simulation suite for financial-dispute mediators."""

__version__ = "0.1.0"
