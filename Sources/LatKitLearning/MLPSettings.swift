import LatKitPluginKit

/// The options of the `mlp` and `mlp-accuracy` plugins, read once at `create`.
package struct MLPSettings {
    /// What `fit` does.
    package enum Recipe: String, CaseIterable {
        /// The OFANAS paper's predictor: 400-400-400 ReLU MLP, SGD, sqrt(MSE + 1e-6), batch 32, 100 epochs.
        case paper
        /// Ridge on interaction features, operator counts and (unpenalized) costs plus an ensemble of residual MLPs (Adam, early stopping).
        case `default`
        /// No training: predict with the `pretrained` weights.
        case none
    }

    /// Which additive model the default recipe fits before the residual networks.
    package enum LinearPart: String, CaseIterable {
        /// `ofa` when the features have the paper128 layout, otherwise `raw`.
        case auto
        /// Ridge over the paper128 interaction features (fails on other features).
        case ofa
        /// Ridge over the features as given.
        case raw
        /// No additive part: the networks fit the standardised targets directly.
        case off
    }

    package var recipe: Recipe
    package var pretrained: String?
    package var learningRate: Double
    package var weightDecay: Double
    package var momentum: Double
    package var epochs: Int
    package var batchSize: Int
    package var grid: Bool
    package var ensemble: Int
    package var hidden: [Int]
    package var patience: Int
    package var linear: LinearPart
    package var operators: Bool
    package var cost: Bool
    package var lambdas: [Double]
    package var holdout: Double
    package var adaptPenalty: Double
    package var calibrate: Bool
    /// How many cost columns the default recipe's additive part takes from a batch (not an option:
    /// `finetune`'s stack strategy appends the base model's log prediction as a third).
    package var costColumnLimit = MLPSettings.costColumnCount

    /// How many of the cost view's columns (MACs, then parameters) the additive part uses with `cost=true`.
    package static let costColumnCount = 2

    package static let help = """
        recipe=default  default: ridge over interaction features (the paper128 slot x kernel x expand x resolution and depth terms when the features have that layout) and per-key operator counts (see `operators`) + an ensemble of residual MLPs (standardised targets, Adam, early stopping, spread = std); paper: the OFANAS paper's 400-400-400 MLP, SGD, loss sqrt(MSE+1e-6), batch 32, raw inputs/targets; none: no training, use `pretrained` (the default when `pretrained` is given); paper and none report a constant std, the RMSE on the validation batch of the last fit (0 before any fit)
        pretrained=  weights file to start from: PyTorch-exported weights.json, or the compact weights.f32 (see data/models/README.md); layers [out,in], y = W x + b, ReLU between layers
        lr=0.001  learning rate (recipe=paper: 0.01)
        weight_decay=0  L2 weight decay added to the gradient, PyTorch style (recipe=paper: 0.0001)
        momentum=0.9  SGD momentum (recipe=paper)
        epochs=60  most training epochs; the default recipe stops after `patience` epochs without validation gain (recipe=paper: 100, all run)
        batch=128  mini-batch rows (recipe=paper: 32)
        grid=false  paper recipe: choose lr x weight_decay x momentum from {1e-4,1e-3,1e-2} x {1e-4,1e-3,1e-2} x {0.4,0.6,0.8,0.9} by validation RMSE (36 trainings: slow)
        ensemble=5  default recipe: number of residual networks (different seeds); their spread is the std output
        hidden=128,128  hidden layer widths (recipe=paper: 400,400,400)
        patience=15  default recipe: epochs without validation improvement before stopping
        linear=auto  default recipe additive part: auto (ofa when the features have the paper128 layout, else raw), ofa, raw, off
        operators=true  default recipe: the additive part also gets one column per operator key seen in training (its count per network, e.g. OFA lookup-table keys with shapes), so an additive per-operator cost is learnt exactly; keys unseen in training count 0 at prediction; paper and none use features only
        cost=true  default recipe: the additive part also gets the architecture's MACs and parameter count (the cost view) as unpenalized columns, so that with few training rows (where validation picks a heavy penalty) it falls back to a least-squares line in MACs and parameters, and with many rows the penalized columns take over
        lambdas=0.001,0.01,0.1,0.3,1,3,10,30,100  ridge penalties tried; the best on the validation batch is kept
        holdout=0.15  fraction of the training rows held out for early stopping and penalty choice when fit gets no validation batch
        adapt_penalty=1  adapt: ridge penalty pulling the retrained last layer towards the fitted one
        calibrate=true  default recipe: the std is the ensemble spread scaled by split-conformal calibration on held-out rows (the validation batch; without one, up to 2,000 training rows, the out-of-fold residuals of the recipe fitted again on 5 folds of them, which costs 5 more fits; above that, the holdout slice), so that mean +- 1.645 std covers about 90% of such rows; false reports the raw spread (uncalibrated, far too small)
        """

    package init(options: PluginOptions) throws {
        pretrained = options.string("pretrained", default: "")
        if pretrained?.isEmpty == true { pretrained = nil }
        let recipeName = try options.choice(
            "recipe", default: pretrained == nil ? "default" : "none", allowed: Recipe.allCases.map(\.rawValue))
        recipe = Recipe(rawValue: recipeName)!
        if recipe == .none && pretrained == nil {
            throw PluginError.invalid("option recipe=none needs pretrained=PATH (weights to predict with)")
        }
        if recipe == .default && pretrained != nil {
            throw PluginError.invalid("option pretrained= works with recipe=none or recipe=paper (fine-tuning), not recipe=default")
        }
        let paper = recipe != .default
        learningRate = try options.double("lr", default: paper ? 0.01 : 0.001, in: 1e-8...10)
        weightDecay = try options.double("weight_decay", default: paper ? 1e-4 : 0, in: 0...10)
        momentum = try options.double("momentum", default: 0.9, in: 0...0.999)
        epochs = try options.int("epochs", default: paper ? 100 : 60, in: 1...100_000)
        batchSize = try options.int("batch", default: paper ? 32 : 128, in: 1...1_000_000)
        grid = try options.bool("grid", default: false)
        ensemble = try options.int("ensemble", default: 5, in: 1...100)
        let widths = try options.doubles("hidden", default: paper ? [400, 400, 400] : [128, 128])
        guard widths.allSatisfy({ $0 >= 1 && $0 <= 16384 && $0 == $0.rounded() }) else {
            throw PluginError.invalid("option hidden= must list integer layer widths in 1...16384, e.g. hidden=128,128")
        }
        hidden = widths.map { Int($0) }
        patience = try options.int("patience", default: 15, in: 1...100_000)
        linear = LinearPart(rawValue: try options.choice("linear", default: "auto", allowed: LinearPart.allCases.map(\.rawValue)))!
        operators = try options.bool("operators", default: true)
        cost = try options.bool("cost", default: true)
        lambdas = try options.doubles("lambdas", default: [0.001, 0.01, 0.1, 0.3, 1, 3, 10, 30, 100])
        guard lambdas.allSatisfy({ $0 >= 0 }) else { throw PluginError.invalid("option lambdas= must list penalties >= 0") }
        holdout = try options.double("holdout", default: 0.15, in: 0.01...0.9)
        adaptPenalty = try options.double("adapt_penalty", default: 1, in: 0...1e9)
        calibrate = try options.bool("calibrate", default: true)
        if grid && recipe != .paper { throw PluginError.invalid("option grid=true belongs to recipe=paper") }
    }
}
