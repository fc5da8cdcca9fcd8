# Regenerate resources/fonts/StrideSans-*.ttf from Noto Sans (OFL). Needs python3-fonttools and a local copy of
# @embedpdf/fonts-latin (npm pack @embedpdf/fonts-latin; extract to node_modules/@embedpdf/fonts-latin). Run from the repo root.
import sys
from fontTools import subset
from fontTools.ttLib import TTFont
U = "U+0020-007E,U+00A0-024F,U+0300-0308,U+030A-030C,U+0327-0328,U+0370-03FF,U+0400-045F,U+0490-0491,U+1E00-1EFF,U+2010-2027,U+2030-203A,U+2044,U+20AC,U+2116,U+2122,U+2190-2193,U+2212,U+25A0-25A1,U+25CB-25CF,U+FB01,U+FB02"
for style in ["Regular","Bold"]:
    src=f"node_modules/@embedpdf/fonts-latin/fonts/NotoSans-{style}.ttf"; out=f"resources/fonts/StrideSans-{style}.ttf"
    opts=subset.Options(); opts.hinting=False; opts.layout_features=["kern","liga","locl"]; opts.name_IDs=["*"]; opts.notdef_outline=True; opts.drop_tables+=["DSIG"]
    f=TTFont(src); s=subset.Subsetter(opts); s.populate(unicodes=subset.parse_unicodes(U)); s.subset(f)
    name=f["name"]
    for rec in name.names:
        if rec.nameID in (1,16): rec.string="Stride Sans"
        elif rec.nameID==4: rec.string=f"Stride Sans {style}"
        elif rec.nameID==6: rec.string=f"StrideSans-{style}"
        elif rec.nameID==3: rec.string=f"StrideSans-{style} (subset of Noto Sans)"
    f.save(out); print(out)
