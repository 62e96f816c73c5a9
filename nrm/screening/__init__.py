"""Initial identification (SOP stage A): indicator screening, required actions, the initial
interview, consent, the request for formal identification and their documents."""
