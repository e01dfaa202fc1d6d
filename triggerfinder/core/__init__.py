"""The functional core: plain data in, plain data out; no ORM, request or template."""
