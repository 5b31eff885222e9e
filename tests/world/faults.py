"""A site for the fault tests (tests/test_faults.py): every page of www.relance-exemple.fr
holds its image a few seconds, so a test has time to kill the browser auditing it while a
phase is under way. The image request tells the test which browser that is (its client port)."""

from .web import PIXEL_GIF, Response, html

HOST = "www.relance-exemple.fr"
URL = f"https://{HOST}/"
IMAGE = "/attente.gif"
HOLD_SECONDS = 3

PAGE = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Relance — atelier de reliure</title></head>
<body><main><h1>Atelier de reliure</h1>
<p>Reliure d’art et restauration de livres anciens, sur rendez-vous.</p>
<img src="{IMAGE}" alt="L’atelier" width="1" height="1"></main></body></html>"""


def relance(request):
    if request.path == IMAGE:
        # A 1x1 GIF after a pause: the page's load event waits for it.
        return Response(200, PIXEL_GIF, "image/gif", hold=HOLD_SECONDS)
    if request.path != "/":
        return html("<h1>Page introuvable</h1>", 404)
    return html(PAGE).header("Set-Cookie", "session_reliure=1; Path=/; HttpOnly; SameSite=Lax")


HOSTS = {HOST: relance}
