"""The clickable body map: a simple, gender-neutral figure seen from the front and the back, as
asset data (coordinates, no rules), drawn as inline SVG on the web and as vector shapes in the
PDF handout.

- ``geometry``: the coordinate system, the shape types (``Polygon``, ``Ellipse``, ``RegionShape``,
  ``BodyView``) and the helpers that build and mirror shapes;
- ``outline``: the silhouette;
- ``regions``: where each body region sits, and the two views ``FRONT``, ``BACK`` (``VIEWS``);
- ``marks``: where each muscle's trigger points are marked;
- ``svg``: shapes in SVG syntax.

Pure Python (standard library only), like ``core``, so it can be used and tested without Django.
"""
