"""Certificates for the TLS tests of the team connection, made in Python (the `cryptography` package, a
test dependency) so that they are the same on every system: the team's CA, a server certificate it signs
for 127.0.0.1 and localhost, an unrelated second CA (an impostor's, or a CA file from another company),
and the team's CA again, same name and key, already expired."""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

#: the names the server certificate is made for (what libpq compares with the host of the DSN)
SERVER_NAMES = ("localhost", "127.0.0.1")


@dataclass(frozen=True)
class Certs:
    ca: Path  # the team's CA certificate (PEM): what the administrator hands out
    server_cert: Path
    server_key: Path
    other_ca: Path  # an unrelated CA: the server's certificate is not signed by it
    expired_ca: Path  # the team's CA with the same name and key, valid only in the past


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _ca(
    common: str, key: ec.EllipticCurvePrivateKey, start: dt.datetime, end: dt.datetime
) -> x509.Certificate:
    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(_name(common))
        .issuer_name(_name(common))
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def make_certs(folder: Path) -> Certs:
    """The certificates and the server's key in `folder` (made when missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _ca("IIJ configurator test team CA", ca_key, now - dt.timedelta(days=1), now + dt.timedelta(days=30))
    expired = _ca(
        "IIJ configurator test team CA", ca_key, now - dt.timedelta(days=60), now - dt.timedelta(days=30)
    )
    other = _ca(
        "Some other CA", ec.generate_private_key(ec.SECP256R1()), now - dt.timedelta(days=1),
        now + dt.timedelta(days=30),
    )
    server_key = ec.generate_private_key(ec.SECP256R1())
    server = (
        x509.CertificateBuilder()
        .subject_name(_name(SERVER_NAMES[0]))
        .issuer_name(ca.subject)
        .public_key(server_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName(SERVER_NAMES[0]), x509.IPAddress(ipaddress.ip_address(SERVER_NAMES[1]))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    certs = Certs(
        folder / "team-ca.crt",
        folder / "server.crt",
        folder / "server.key",
        folder / "other-ca.crt",
        folder / "expired-ca.crt",
    )
    certs.ca.write_bytes(_pem(ca))
    certs.expired_ca.write_bytes(_pem(expired))
    certs.other_ca.write_bytes(_pem(other))
    certs.server_cert.write_bytes(_pem(server))
    certs.server_key.write_bytes(
        server_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    certs.server_key.chmod(0o600)  # PostgreSQL refuses a key others can read
    return certs
