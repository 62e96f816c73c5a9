from nrm.core.formats import DATE_INPUT_FORMATS

__all__ = ["DATE_INPUT_FORMATS"]
