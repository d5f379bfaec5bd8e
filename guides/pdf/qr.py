"""QR codes for printed pages, so a reader can open the online version on a phone."""

import segno


def qr_data_uri(url):
    """A PNG data URI: WeasyPrint lays PNGs out much faster than SVGs."""
    return segno.make(url, error="m", micro=False).png_data_uri(scale=4, border=1)
