"""Knowledge-base services shared by the knowledge use cases."""
