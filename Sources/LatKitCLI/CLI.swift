import LatKit
