"""Print the column tables of geodata/README.md from schema.py (paste them in).

tests/test_geodata_docs.py fails when the README and schema.py disagree.
"""

from diaspora_atlas.schema import TABLES


def main() -> None:
    for table in TABLES:
        print(f"### `{table.file}`\n\n{table.description}\n")
        print(
            "| column | type | required | unit | allowed values | example | meaning |"
        )
        print("|---|---|---|---|---|---|---|")
        for c in table.columns:
            kind = f"{c.type} → {c.ref}.csv" if c.ref else c.type
            allowed = ", ".join(f"`{a}`" for a in c.allowed)
            example = f"`{c.example}`" if c.example else ""
            required = "yes" if c.required else "no"
            print(
                f"| `{c.name}` | {kind} | {required} | {c.unit} | {allowed} | "
                f"{example} | {c.description} |"
            )
        print()


if __name__ == "__main__":
    main()
