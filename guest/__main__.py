"""`python -m guest` builds the guest (see guest/build.py)."""

from guest.build import main

raise SystemExit(main())
