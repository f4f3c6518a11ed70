"""Type-ahead's first keystrokes (issue 19): with more hits than are worth ranking, the
drop-down gets the newest matching documents, accented matches first, without bm25 over
every hit; with few hits it is the ranked search, as before."""

from __future__ import annotations

from kehoach_desktop.store import directives, search


def _fill(db, n_accented: int, n_plain: int) -> tuple[list[int], list[int]]:
    accented, plain = [], []
    with db.transaction():
        for i in range(max(n_accented, n_plain)):
            if i < n_plain:
                plain.append(
                    directives.add(
                        db, {"doc_type": "Công văn", "number": f"{i + 1}-CV/TU", "summary": "Tuyen truyen khong dau"}
                    )
                )
            if i < n_accented:
                accented.append(
                    directives.add(
                        db, {"doc_type": "Hướng dẫn", "number": f"{i + 1}-HD/BTGTU", "summary": "Tuyên truyền"}
                    )
                )
    return accented, plain


def test_many_hits_give_the_newest_accented_matches_first(db):
    accented, plain = _fill(db, search.RANK_AT_MOST, 60)
    got = search.search_directives(db, "tuyên", 20)
    assert got == sorted(accented, reverse=True)[:20]  # newest accented matches
    got = search.search_directives(db, "tuyen", 20)
    assert len(got) == 20 and set(got) <= set(accented) | set(plain)
    newest = sorted(accented + plain, reverse=True)[: search.NEWEST]
    assert set(got) <= set(newest)


def test_few_hits_are_ranked_as_before(db):
    accented, _plain = _fill(db, 30, 30)
    ranked = search.search_directives(db, "tuyên truyền", 200)
    assert search.search_directives(db, "tuyên truyền", 20) == ranked[:20]
    assert set(ranked[:30]) == set(accented)  # accented matches rank first
