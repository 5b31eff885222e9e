import pytest

from tests.world import World


@pytest.fixture(scope="session")
def world():
    """One local HTTPS test world for the whole test session."""
    with World() as running:
        yield running
