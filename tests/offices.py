"""The office a test works in: a commune Party committee as the first-run form leaves it
(its superior, its name and code, its place, its signer) with its units."""

from __future__ import annotations

from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.store import profile


def commune_office(
    db,
    *,
    province: str = "HÀ TĨNH",
    commune: str = "XÃ HÒA BÌNH",
    place: str = "Hòa Bình",
    signer: str = "",
    units: tuple[str, ...] = ("Văn phòng Đảng ủy",),
) -> OfficeProfile:
    """«ĐẢNG BỘ TỈNH <province>» over «ĐẢNG ỦY <commune>» (code ĐU), signed by its Bí thư
    *signer* (none: the signature block is left to fill), with *units*."""
    office = OfficeProfile(
        superior_body=f"ĐẢNG BỘ TỈNH {province}",
        issuer_body=f"ĐẢNG ỦY {commune}",
        issuer_code="ĐU",
        place=place,
        **({"signer_title": "BÍ THƯ", "signer_name": signer} if signer else {}),
    )
    profile.save(db, office)
    for name in units:
        profile.add_unit(db, name)
    return office
