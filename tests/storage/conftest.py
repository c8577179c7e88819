import uuid

import pytest

from tests.s3 import bucket_storage


@pytest.fixture
def file_storage(s3_endpoint) -> dict:
    """These tests always keep files in a bucket, under a prefix of each test's own."""
    return bucket_storage(s3_endpoint, f"t-{uuid.uuid4().hex}")


@pytest.fixture
def bucket_keys(s3_endpoint, file_storage):
    """The keys of the objects this test has in the bucket, as S3 itself lists them."""
    from tests.s3 import keys_under

    prefix = file_storage["OPTIONS"]["location"] + "/"
    return lambda: [key.removeprefix(prefix) for key in keys_under(s3_endpoint, prefix)]
