"""First call from a fresh process, Python side: import requests (through picterra_like, which imports what
Picterra's client module imports for its session), create the session, one get_raster. The bench times this
process from spawn to exit. Configuration comes from the environment, as Picterra's client reads it:
PICTERRA_API_KEY, PICTERRA_BASE_URL (here the API URL itself); argv[1] is the raster id."""

import os
import sys

from picterra_like import Client

client = Client(os.environ["PICTERRA_BASE_URL"], os.environ["PICTERRA_API_KEY"])
if not client.get_raster(sys.argv[1])["id"]:
    raise SystemExit("no raster")
