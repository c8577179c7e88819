"""An S3 server on this machine for the tests (moto's), and storage settings that point at it."""

import contextlib
from collections.abc import Iterator

import boto3
from moto.server import ThreadedMotoServer

from config.settings import s3_storage

BUCKET = "boardroom-test"
REGION = "eu-west-2"
KEYS = {"STORAGE_ACCESS_KEY_ID": "testing", "STORAGE_SECRET_ACCESS_KEY": "testing"}


@contextlib.contextmanager
def s3_server() -> Iterator[str]:
    """Start an S3 server on 127.0.0.1 (on a free port) with an empty bucket; yield its URL."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        s3 = client(endpoint)
        # moto keeps its buckets per process, shared by every server started in it (the two-node
        # test starts one too): the bucket may be there already. Each test works under a prefix.
        with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou):
            s3.create_bucket(
                Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
            )
        yield endpoint
    finally:
        server.stop()


def client(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=KEYS["STORAGE_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["STORAGE_SECRET_ACCESS_KEY"],
    )


def bucket_storage(endpoint: str, prefix: str) -> dict:
    """The STORAGES entry the app uses with a bucket, pointed at the test server under `prefix`."""
    return s3_storage(
        {
            "bucket_name": BUCKET,
            "endpoint_url": endpoint,
            "region_name": REGION,
            "access_key": KEYS["STORAGE_ACCESS_KEY_ID"],
            "secret_key": KEYS["STORAGE_SECRET_ACCESS_KEY"],
            "location": prefix,
        }
    )


def bucket_environment(endpoint: str) -> dict[str, str]:
    """The environment that points a server or worker process at the test bucket."""
    return {
        "STORAGE_BUCKET": BUCKET,
        "STORAGE_ENDPOINT_URL": endpoint,
        "STORAGE_REGION": REGION,
        **KEYS,
    }


def keys_under(endpoint: str, prefix: str) -> list[str]:
    listed = client(endpoint).list_objects_v2(Bucket=BUCKET, Prefix=prefix)
    return [entry["Key"] for entry in listed.get("Contents", [])]
