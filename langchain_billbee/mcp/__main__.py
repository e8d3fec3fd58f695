"""``python -m langchain_billbee.mcp``: the same as ``langchain-billbee mcp``."""

import sys

from langchain_billbee.mcp._cli import main

if __name__ == "__main__":
    sys.exit(main())
