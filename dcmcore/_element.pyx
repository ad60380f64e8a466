# Placeholder: being written.
