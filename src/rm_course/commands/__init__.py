"""The commands behind `rm-course`: each one loads what it needs and calls one library function."""
