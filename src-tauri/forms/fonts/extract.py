"""Extracts Noto Sans CJK SC (Regular, Bold) from Debian's fonts-noto-cjk collections.

Takes face index 2 (SC) of each .ttc and subsets it with fontTools to the face's own code points
(all of them: ~44,800, including CJK Extension A/B), keeping the default horizontal layout
features but not 'locl' (which only reaches the Japanese, Korean and Traditional Chinese glyph
variants) nor the vertical-writing ones. The result is ~11 MB per weight instead of 16 MB.

    pip install fonttools
    python3 extract.py /usr/share/fonts/opentype/noto

Writes NotoSansCJKsc-Regular.otf and NotoSansCJKsc-Bold.otf beside this script.
"""
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

SC_FACE = 2
DROPPED_FEATURES = {"locl", "vert", "vrt2", "vkna", "vjmo", "vkrn", "vpal", "vhal", "valt"}


def extract(src, dst):
    font = TTCollection(src, lazy=False).fonts[SC_FACE]
    assert font["name"].getDebugName(1).startswith("Noto Sans CJK SC"), src
    opts = subset.Options()
    opts.layout_features = [f for f in opts.layout_features if f not in DROPPED_FEATURES]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.hinting = True
    opts.recalc_bounds = False
    subsetter = subset.Subsetter(opts)
    subsetter.populate(unicodes=font.getBestCmap().keys())
    subsetter.subset(font)
    font.save(dst)


if __name__ == "__main__":
    folder = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto"
    here = os.path.dirname(os.path.abspath(__file__))
    for weight in sys.argv[2:] or ["Regular", "Bold"]:
        extract(os.path.join(folder, f"NotoSansCJK-{weight}.ttc"),
                os.path.join(here, f"NotoSansCJKsc-{weight}.otf"))
