"""The legal-notice reader (auditor/policy/legal_notice.py) over tests/corpus/legal_notices/:
precision and recall per field. Each notice is an .html or .txt file with a .yaml sidecar
giving every field's expected value (null when the notice really lacks it); and the five
seeds (seeds.yaml), read as an audit reads them."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from auditor.policy import Document
from auditor.policy.company_numbers import bce_valid, digits, luhn, siren_of_vat, siren_valid
from auditor.policy.html_text import document_from_html
from auditor.policy.legal_notice import FIELDS, read_legal_notice
from tests.accuracy import Tally, tallies

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "legal_notices"
SEEDS = next((up / "shared" / "seeds" for up in Path(__file__).resolve().parents
              if (up / "shared" / "seeds").is_dir()), None)


def body_of(sidecar: Path) -> Path:
    """The notice a sidecar describes: the file of the same name beside it."""
    return next(p for p in sidecar.parent.glob(f"{sidecar.stem}.*") if p.suffix != ".yaml")


def load(sidecar: Path) -> tuple[str, dict]:
    """(the notice's text as written, its expected fields)."""
    return body_of(sidecar).read_text("utf-8"), yaml.safe_load(sidecar.read_text("utf-8"))["expected"]


def registration_valid(value: str) -> bool:
    """A sidecar's registration is a real-shaped one: an RNA number, or a SIREN, SIRET or BCE
    number that passes its check digits (auditor/policy/company_numbers.py)."""
    if re.fullmatch(r"W\d{9}", value):
        return True
    number = digits(value)
    if len(number) == 9:
        return siren_valid(number)
    if len(number) == 14:
        return luhn(number) and siren_valid(number[:9])
    return len(number) == 10 and bce_valid(number)


def vat_keys_valid(text: str) -> bool:
    """Every French VAT number of the text has the right key for its SIREN."""
    return all(siren_of_vat(m.group(0)) for m in re.finditer(r"FR ?\d\d ?\d{3} ?\d{3} ?\d{3}", text))


def cases(folder: Path = CORPUS, seeds: bool = True):
    """(name, document, expected fields) for each notice of the corpus (and the seeds)."""
    for sidecar in sorted(folder.glob("[0-9]*.yaml")):
        body = body_of(sidecar)
        text = body.read_text("utf-8")
        url = f"corpus:{body.name}"
        if body.suffix == ".html":
            document = document_from_html(text, url, kind_hints=("legal_notice",))
        else:
            document = Document.from_text(text, url=url, kind_hints=("legal_notice",))
        yield sidecar.stem, document, yaml.safe_load(sidecar.read_text("utf-8"))["expected"]
    if SEEDS is None or not seeds:
        return
    for prefix, expected in yaml.safe_load((CORPUS / "seeds.yaml").read_text("utf-8")).items():
        path = next(SEEDS.glob(f"{prefix}_*.txt"))
        yield f"seed {prefix}", Document.from_text(path.read_text("utf-8"), url=path.name), expected


def _canonical(field: str, value):
    """What is measured of a value: a number's digits (phone, registration), a name
    without its honorific; spaces, case and dashes aside."""
    if value is None:
        return None
    value = str(value).replace("\u00a0", " ")
    if field in ("publisher_phone", "host_phone", "registration"):
        return re.sub(r"[^0-9W]", "", value.upper()).removeprefix("33") or None
    if field in ("publisher_address", "host_address"):
        # the country after the town and the commas are not what makes an address right
        value = re.sub(r",?\s*(?:France|Belgique|Belgium|België|Suisse|Frankreich)\s*$", "", value)
        value = value.replace(",", " ")
        # what stands before the street (« ZA de Kerlann », « Maison des associations ») is
        # written by some notices and not others: the street, postcode and town are measured
        street = re.search(r"\b\d{1,4}(?:[-–]\d{1,4})?\s?(?:bis|ter|[A-Za-z])?\s+(?:grande?\s+)?(?:rue|avenue|boulevard|"
                           r"place|chemin|all[ée]e|impasse|quai|route|cours|square)\b", value, re.I)
        if street:
            value = value[street.start():]
    if field in ("publisher_name", "host_name"):
        # the legal form is measured on its own (legal_form): "X SARL", "X, SARL", « ASBL X » are
        # X; an acronym in brackets after the name (« (SEB) », "(AWS)") is the same name
        forms = r"(?:SARL|SAS|SASU|SA|SCM|SRL|ASBL|VZW|NV|BV|LLC|Ltd\.?|Inc\.?|SNC|EURL|SComm|SC)"
        value = re.sub(rf",?\s+{forms}\s*$", "", value)
        value = re.sub(rf"^{forms}\s+", "", value)
        value = re.sub(r"\s*\([A-Z]{2,6}\)\s*$", "", value)
    if field in ("publication_director", "publisher_name"):
        # « Maître », « Dr », « MME »: the honorific is not the name
        value = re.sub(r"^(?:M\.|Mme\.?|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Me|Ma[iî]tre|Monsieur|Madame|Docteur)\s+", "",
                       value, flags=re.I)
    return " ".join(re.sub(r"[–—-]", " ", value).split()).strip(" .,;").casefold()


def measure(title: str = "legal notices", folder: Path = CORPUS, seeds: bool = True) -> list[Tally]:
    keys = [f for f in FIELDS]
    out = tallies(title, keys)
    for name, document, expected in cases(folder, seeds):
        found = read_legal_notice([document])["fields"]
        for key in keys:
            out[key].add(_canonical(key, expected.get(key)), _canonical(key, found.get(key)), name)
    return list(out.values())
