import LatKitCLI
