"""The lowest layer: errors, labelled enums, settings, validation and text helpers.

Everything else in the suite may import from here; nothing here imports from the rest.
"""
