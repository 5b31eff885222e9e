"""Self-signed certificate for the world, made at start-up (Chromium runs with
--ignore-certificate-errors, but the names still match for realism)."""

import datetime
import ipaddress
import ssl
import tempfile
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def self_signed(hostnames):
    """Return (cert_pem, key_pem) valid for hostnames, localhost and 127.0.0.1."""
    key = ec.generate_private_key(ec.SECP256R1())  # fast to generate, unlike RSA
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test world")])
    now = datetime.datetime.now(datetime.timezone.utc)
    sans = [x509.DNSName(h) for h in sorted(set(hostnames) | {"localhost"})]
    sans.append(x509.IPAddress(ipaddress.ip_address("127.0.0.1")))
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def server_context(cert_pem, key_pem):
    """TLS server context speaking HTTP/1.1 only (no h2 in ALPN)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.set_alpn_protocols(["http/1.1"])
    # load_cert_chain only reads files: keep them just long enough.
    with tempfile.TemporaryDirectory(prefix="world-tls-") as tmp:
        cert_file, key_file = Path(tmp, "cert.pem"), Path(tmp, "key.pem")
        cert_file.write_bytes(cert_pem)
        key_file.write_bytes(key_pem)
        context.load_cert_chain(cert_file, key_file)
    return context
