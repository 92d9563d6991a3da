"""The order document iij-order/1: read, check its shape and save (document), and edit it by JSON
pointer (patch)."""
