"""The shared async core: questions in, sourced verbatim claims out."""
