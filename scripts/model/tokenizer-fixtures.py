"""Writes tests/fixtures/semantic/tokenizer-ids.json: the reference tokenizer's ids for invented
sentences, so the TypeScript WordPiece tokenizer (lib/semantic/tokenizer.ts) is tested against it.

A development script, run by hand when the sentences change (needs tokenizers==0.23.3 beside the
model step's packages): convert.py's environment plus `pip install tokenizers==0.23.3`.
Usage: tokenizer-fixtures.py <model dir with tokenizer.json> <output json>
"""

import json
import sys

from tokenizers import Tokenizer

SENTENCES = [
    "The minister said the plan would not raise taxes.",
    "“We will never accept an imposed peace,” she told reporters on Wednesday.",
    "Prices rose 3.5% in March, up from 2,100 units in 2024.",
    "Café owners in São Paulo résumé naïve coöperate Zürich.",
    "U.S. officials didn't comment; the ex-president's aides refused.",
    "Unbelievably, counterintuitive hyperparameterization happened!!",
    "東京 and 北京 met — with emojis 🙂 too… ok?",
    "Il a déclaré qu'il ne négocierait pas avec Washington.",
    "Er sagte, dass die Verhandlungen gescheitert seien.",
    "   spaces\tand\nnewlines   between   words   ",
    "A very " + "long " * 300 + "sentence.",
    "",
]


def main():
    tok = Tokenizer.from_file(sys.argv[1] + "/tokenizer.json")
    tok.no_padding()
    tok.enable_truncation(256)
    cases = [{"text": s, "ids": tok.encode(s).ids} for s in SENTENCES]
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump({"maxTokens": 256, "cases": cases}, f, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
