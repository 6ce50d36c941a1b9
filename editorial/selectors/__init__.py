"""Read queries shared by views and the API, each with a fixed number of SQL queries."""
