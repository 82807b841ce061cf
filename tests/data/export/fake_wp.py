"""A stand-in for WP-CLI's ``wp``, for testing the script ``taxonomy export --to wp-cli`` writes.

It logs each call's arguments (one JSON list a line) to $FAKE_WP_LOG and answers from, and
changes, a small site kept as JSON in $FAKE_WP_STATE:

    {"next_id": 100,
     "terms": [{"id": 1, "taxonomy": "post_tag", "name": "...", "slug": "..."}],
     "posts": [{"id": 10, "status": "publish", "terms": [1], "listed": true}]}

A post with ``"listed": false`` is one ``wp post list --post_type=any`` does not return (a post
type excluded from search), yet WordPress counts it in the term's ``count``. Names compare
ignoring case, as MySQL's default collation does. Only the commands the script uses exist.
"""

import json
import os
import sys


def main(argv: list[str]) -> int:
    with open(os.environ["FAKE_WP_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps(argv, ensure_ascii=False) + "\n")
    path = os.environ["FAKE_WP_STATE"]
    with open(path, encoding="utf-8") as stream:
        site = json.load(stream)
    words = [a for a in argv if not a.startswith("--")]
    opts = dict(a[2:].split("=", 1) if "=" in a else (a[2:], "") for a in argv if a.startswith("--"))
    terms = {term["id"]: term for term in site["terms"]}

    def find(taxonomy: str, value: str, by: str) -> dict | None:
        for term in site["terms"]:
            if term["taxonomy"] == taxonomy and str(term["id" if by == "id" else "slug"]) == value:
                return term
        return None

    def count(term_id: int) -> int:
        return sum(1 for p in site["posts"] if term_id in p["terms"] and p["status"] == "publish")

    command = words[:2]
    if command == ["term", "list"]:
        ids = [
            t["id"]
            for t in site["terms"]
            if t["taxonomy"] == words[2] and t["name"].casefold() == opts["name"].casefold()
        ]
        print("\n".join(map(str, ids)))
    elif command == ["term", "get"]:
        term = find(words[2], words[3], opts.get("by", "id"))
        if term is None:
            print("Error: Term doesn't exist.", file=sys.stderr)
            return 1
        print(term["id"] if opts["field"] == "term_id" else count(term["id"]))
    elif command == ["term", "create"]:
        new = {"id": site["next_id"], "taxonomy": words[2], "name": words[3], "slug": opts["slug"]}
        site["next_id"] += 1
        site["terms"].append(new)
        print(new["id"])
    elif command == ["term", "delete"]:
        site["terms"] = [t for t in site["terms"] if t["id"] != int(words[3])]
    elif command == ["post", "list"]:
        term_id = int(opts.get("tag__in") or opts["category__in"])
        ids = [p["id"] for p in site["posts"] if term_id in p["terms"] and p.get("listed", True)]
        print(len(ids) if opts["format"] == "count" else " ".join(map(str, ids)))
    elif words[:3] in (["post", "term", "add"], ["post", "term", "remove"]):
        post = next(p for p in site["posts"] if p["id"] == int(words[3]))
        for term_id in map(int, words[5:]):
            assert term_id in terms, f"no term {term_id}"
            if words[2] == "add" and term_id not in post["terms"]:
                post["terms"].append(term_id)
            elif words[2] == "remove" and term_id in post["terms"]:
                post["terms"].remove(term_id)
    else:
        print(f"fake wp: unknown command {argv}", file=sys.stderr)
        return 2
    with open(path, "w", encoding="utf-8") as stream:
        json.dump(site, stream, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
