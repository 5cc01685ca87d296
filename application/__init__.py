"""Use cases of the helpdesk and the ports they need. Imports only `domain`."""
