"""Names that are also ordinary English words ("Will", "Grant", "May", "Young", "Rose" …).

Redaction replaces such a name part only where it is capitalised and stands next to another
part of the same member's name or a title ("Ms. Grant", "Will Grant", "Grant, Will"); alone
it is left, so that "he will grant access" survives. The list is deliberately limited to words
that are common both as English words and as given names or surnames; every other name part
is replaced wherever it appears as a whole word.
"""

from __future__ import annotations

NAME_WORDS: frozenset[str] = frozenset("""
a an am as at be by do go he hi if in is it me my no of oh ok on or so to up us we
able ace acre amber angel april art ash august autumn bank banks barber barley baron bass
bay beach bean bear bell bells berry best bill bird bishop black blaze bliss bloom blue bold
bond bone born bower bowers boy brain branch brand brass bride bridge bright brook brooks
brown buck bull burn burns bush butler cain call camp candy cannon card carter case cash
castle chance chase cherry chief child church clay clear cliff close coal coat cole constable
cook cooper coy crane cross crow crown curry dale dash dawn day dean dear dell desire diamond
dove down drake drew duke dusty earl earnest east ebony eden ember fair faith fall farmer fay
field fields finch fish fisher flint ford forest fort fox frank free friend frost gage gale
gates gay gem gentle gibbs glass glen gold golden good goodman grace grant gray green grey
grove guard guy hale hall ham hardy harper haven hawk hay hazel head heart heath high hill
hills holly honey hood hope horn house hunt hunter iris iron ivory ivy jack jay jewel joy
judge june just keen kind king knight lake lamb lance land lane lark law lawless lee light
lily link little long lord love lovely low lucky major march mark marsh marshall mason may
mayor meadow mercy merry miles mill miller mint moody moon moore moss mustard nash new newman
night noble north oak oakes page palmer park parks parson patience payne pearl penny pierce
pine pink piper plant poor pope porter power pratt price prince prudence purple quick rain
ray read reed rich ridge ring rivers robin rock rose rosemary rowe ruby rush sage salmon
savage saint scott sharp shaw short silver sky sly small snow south spear spring star steel
sterling stern steward stone storm strong summer sun sunny sweet swift tanner taylor temple
thorn tower trout true turner vale victor violet wade walker wall walls ward ware warren wash
waters way well wells west wheat white wild will winter wise wolf wood woods worth wren
young
""".split())

#: Words that stand before a surname and make a name out of a word ("Ms. Grant", "Judge Rose").
TITLES: tuple[str, ...] = (
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "mx", "mx.", "dr", "dr.", "judge",
    "ij", "aij", "acij", "cij", "hon", "hon.", "honorable", "justice", "member", "steward",
    "president", "vice president", "officer", "counsel", "prof", "prof.", "sir", "madam",
)
