"""The ticketing domain: entities, value objects and the rules they enforce.

Imports only the standard library.
"""
