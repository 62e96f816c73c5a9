"""nrm — case management and referral for anti-trafficking National Referral Mechanisms."""

__version__ = "0.1.0"
