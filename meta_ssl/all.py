"One import for users: `from meta_ssl.all import *` brings in every public symbol of the package."
# Written by hand, not exported from a notebook: add a line here when a new module appears.
from .losses import *
from .pseudo import *
from .meta import *
from .theory import *
from .first_order import *
from .mixup import *
from .meta_fixmatch import *
from .models import *
from .callback import *
from .data import *
from .baselines import *
from .cli import *
from .robustness import *
from .bench import *
from .reproduce import *
