"""msgspec Structs for every request and response body of the API."""
