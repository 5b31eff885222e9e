"""Local HTTPS "test world": fake French sites and fake trackers on 127.0.0.1."""

from .banner_sites import BANNER_SITES, BannerSite
from .server import World
from .sites import DEMO_SITES

__all__ = ["World", "DEMO_SITES", "BANNER_SITES", "BannerSite"]
