"""An installed exercise pack: the folder of this module is the pack."""
