"""The HTTP calls Picterra's Python client makes, written with `requests` the way that client uses it.

Not Picterra's code: the same requests on the wire, through the same library configuration, so that
`pnpm bench` compares our client against what a Python user of Picterra gets today:

- one `requests.Session` with the `X-Api-Key` header set by an auth hook, a default timeout of 30 s, the
  Python client's User-Agent style, and an `HTTPAdapter` retrying GETs on 429/502/503/504 (3 tries, factor 10);
- `get_raster` = GET rasters/{id}/ and `.json()`;
- a listing = GET rasters/?page_number=1, then each `next` URL, collecting `results` until `next` is null;
- a download = GET rasters/{id}/download/, then a plain `requests.get(url, stream=True)` (no session: no key,
  no timeout) read with `iter_content(8192)` (the client's CHUNK_SIZE_BYTES) into a file;
- an upload = POST rasters/upload/file/, `requests.put(upload_url, data=<the open file>)` (no session), POST
  rasters/{id}/commit/, then polls GET operations/{id}/ (sleep poll_interval × 0.1, then poll_interval).

Kept import-light on purpose: the first-call measurement imports this module in a fresh process.
"""

import os
import platform
import sys
import time
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlencode, urljoin

import requests
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase
from urllib3.util.retry import Retry

# The client's download chunk size (base_client.py CHUNK_SIZE_BYTES).
CHUNK_SIZE_BYTES = 8192
TIMEOUT_S = 30


def user_agent():
    """`picterra-python/<ver> (Python <maj.min> <os.name> <system> <release>) - python-requests/<v>`."""
    try:
        ver = version("picterra")
    except PackageNotFoundError:
        ver = "no_version"
    py = "Python %d.%d" % sys.version_info[:2]
    system = " ".join([os.name, platform.system(), platform.release()])
    return "picterra-python/%s (%s %s) - %s" % (ver, py, system, requests.utils.default_user_agent())


class _KeyHeader(AuthBase):
    def __init__(self, api_key):
        self.api_key = api_key

    def __call__(self, request):
        request.headers["X-Api-Key"] = self.api_key
        return request


class _TimeoutSession(requests.Session):
    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", TIMEOUT_S)
        return super().request(*args, **kwargs)


class Client:
    """The subset of Picterra's Python client that the bench measures, over `api_url` (ends with a slash)."""

    def __init__(self, api_url, api_key, pool_maxsize=None):
        self.api_url = api_url if api_url.endswith("/") else api_url + "/"
        self.sess = _TimeoutSession()
        self.sess.headers["User-Agent"] = user_agent()
        self.sess.auth = _KeyHeader(api_key)
        retry = Retry(total=3, status_forcelist=[429, 502, 503, 504], backoff_factor=10, allowed_methods=["GET"])
        # The client mounts the default adapter (a pool of 10 connections per host); `pool_maxsize` exists
        # only for the bench's detail row that gives Python a pool as large as its thread pool.
        adapter = (
            HTTPAdapter(max_retries=retry)
            if pool_maxsize is None
            else HTTPAdapter(max_retries=retry, pool_connections=pool_maxsize, pool_maxsize=pool_maxsize)
        )
        self.sess.mount("https://", adapter)
        self.sess.mount("http://", adapter)

    def url(self, path, params=None):
        url = urljoin(self.api_url, path)
        return url if not params else "%s?%s" % (url, urlencode(params))

    @staticmethod
    def _ok(resp, what):
        if not resp.ok:
            raise RuntimeError("%s (url %s, status %d): %s" % (what, resp.url, resp.status_code, resp.text))

    def get_raster(self, raster_id):
        resp = self.sess.get(self.url("rasters/%s/" % raster_id))
        self._ok(resp, "Failed to get raster %s" % raster_id)
        return resp.json()

    def list_pages(self):
        """Every page of rasters/, as the client's pages follow `next`: yields each page's `results`."""
        url = self.url("rasters/", {"page_number": 1})
        while url:
            resp = self.sess.get(url)
            self._ok(resp, "Failed to get page")
            page = resp.json()
            yield page["results"]
            url = page["next"]

    def wait(self, operation):
        op_id, interval = operation["operation_id"], operation["poll_interval"]
        time.sleep(interval * 0.1)
        while True:
            resp = self.sess.get(self.url("operations/%s/" % op_id))
            self._ok(resp, "Failed to poll operation %s" % op_id)
            body = resp.json()
            if body["status"] == "success":
                return body
            if body["status"] == "failed":
                raise RuntimeError("Operation %s failed: %s" % (op_id, body.get("errors")))
            time.sleep(interval)

    def upload_raster(self, filename, name, multispectral=True):
        resp = self.sess.post(self.url("rasters/upload/file/"), json={"name": name, "multispectral": multispectral})
        self._ok(resp, "Failed to get an upload URL")
        body = resp.json()
        with open(filename, "rb") as f:
            put = requests.put(body["upload_url"], data=f)
        if not put.ok:
            raise RuntimeError(put.text)
        resp = self.sess.post(self.url("rasters/%s/commit/" % body["raster_id"]))
        self._ok(resp, "Failed to commit the upload")
        self.wait(resp.json())
        return body["raster_id"]

    def download_url(self, raster_id):
        resp = self.sess.get(self.url("rasters/%s/download/" % raster_id))
        self._ok(resp, "Failed to get the download URL")
        return resp.json()["download_url"]

    def delete_raster(self, raster_id):
        resp = self.sess.delete(self.url("rasters/%s/" % raster_id))
        self._ok(resp, "Failed to delete raster %s" % raster_id)


def stream_to(url, out):
    """The client's download loop: a plain `requests.get(url, stream=True)`, 8 KiB chunks into `out`."""
    with requests.get(url, stream=True) as r:
        r.raise_for_status()
        for chunk in r.iter_content(chunk_size=CHUNK_SIZE_BYTES):
            if chunk:
                out.write(chunk)
