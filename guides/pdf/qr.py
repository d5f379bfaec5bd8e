"""QR codes for printed pages, so a reader can open the online version on a phone."""

import segno


def qr_svg_data_uri(url):
    return segno.make(url, error="m", micro=False).svg_data_uri(border=1, dark="#000")
