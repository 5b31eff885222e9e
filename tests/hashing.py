"""The value hasher the unit tests hash with: a fixed key of their own, never the installation's."""
from auditor.capture.hashing import ValueHasher

HASHER = ValueHasher(b"the tests' own value hash key")
