"""The article store and the TF-IDF passage index (scikit-learn, aiosqlite)."""
