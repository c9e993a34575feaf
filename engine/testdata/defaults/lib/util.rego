package score.lib.util

# A helper library: no metadata needed.
external(image) if not startswith(image, "$")
