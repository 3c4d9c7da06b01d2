"""CareMatch (养老服务匹配): registry, matching and printing for township elderly-care stations.

`carematch.core` never imports Qt; `carematch.gui` is a thin window over it.
"""

__version__ = "0.1.0"
