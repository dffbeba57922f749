from hostile_helpers import tiaojie  # noqa: F401  (the fixture, shared by this folder's tests)
