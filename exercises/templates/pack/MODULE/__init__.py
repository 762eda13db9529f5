"""The PACK_TITLE exercise pack: this folder is the pack (see pack.toml)."""
