/// Updates a network's parameters from their gradients, as PyTorch's optimizers of the same name
/// do (weight decay is an L2 term added to the gradient, applied to weights and biases alike).
public protocol Optimizer {
    /// The step size; schedules may change it between steps.
    var learningRate: Double { get set }
    /// One update of `layers[trainable]` with `gradients` (one per layer).
    mutating func step(_ layers: inout [DenseLayer], gradients: [DenseGradient], trainable: Range<Int>)
}

extension Optimizer {
    /// One update of every layer.
    public mutating func step(_ network: inout MultilayerPerceptron, gradients: [DenseGradient]) {
        step(&network.layers, gradients: gradients, trainable: network.layers.indices)
    }
}

/// Visits each parameter array of `layers[trainable]` with its gradient and a stable slot number
/// (2 per layer: weights, then bias) for per-parameter optimizer state.
private func forEachParameter(
    _ layers: inout [DenseLayer], _ gradients: [DenseGradient], _ trainable: Range<Int>,
    _ body: (Int, UnsafeMutableBufferPointer<Float>, UnsafeBufferPointer<Float>) -> Void
) {
    for layer in trainable {
        layers[layer].weights.values.withUnsafeMutableBufferPointer { parameters in
            gradients[layer].weights.values.withUnsafeBufferPointer { body(2 * layer, parameters, $0) }
        }
        layers[layer].bias.withUnsafeMutableBufferPointer { parameters in
            gradients[layer].bias.withUnsafeBufferPointer { body(2 * layer + 1, parameters, $0) }
        }
    }
}

/// Grows `state` to hold a zero buffer of `count` values at `slot`.
private func ensureSlot(_ state: inout [[Float]], _ slot: Int, _ count: Int) {
    while state.count <= slot { state.append([]) }
    if state[slot].count != count { state[slot] = [Float](repeating: 0, count: count) }
}

/// Stochastic gradient descent with momentum and weight decay (`torch.optim.SGD`, no dampening,
/// no Nesterov): `g += wd * p; buf = momentum * buf + g` (buf = g on the first step); `p -= lr * buf`.
public struct StochasticGradientDescent: Optimizer {
    /// Step size `lr`.
    public var learningRate: Double
    /// Momentum factor; 0 for plain SGD.
    public var momentum: Double
    /// L2 weight decay `wd` added to the gradient.
    public var weightDecay: Double
    private var velocity: [[Float]] = []
    private var started: Set<Int> = []

    /// Creates an optimizer; its momentum buffers start empty.
    public init(learningRate: Double, momentum: Double = 0, weightDecay: Double = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    /// One SGD update of `layers[trainable]`, keeping a momentum buffer per parameter array.
    public mutating func step(_ layers: inout [DenseLayer], gradients: [DenseGradient], trainable: Range<Int>) {
        let lr = Float(learningRate)
        let mu = Float(momentum)
        let decay = Float(weightDecay)
        var velocity: [[Float]] = []
        var started: Set<Int> = []
        swap(&velocity, &self.velocity)  // move the state out, so that updating it copies nothing
        swap(&started, &self.started)
        forEachParameter(&layers, gradients, trainable) { slot, parameters, gradient in
            ensureSlot(&velocity, slot, parameters.count)
            let first = !started.contains(slot)
            started.insert(slot)
            velocity[slot].withUnsafeMutableBufferPointer { buffer in
                guard let p = parameters.baseAddress, let g = gradient.baseAddress, let v = buffer.baseAddress else { return }
                // Two branch-free loops (the same arithmetic as one loop with the choice inside,
                // which the compiler did not vectorize: 29% of the paper recipe's training time).
                if mu == 0 || first {
                    for index in 0..<parameters.count {
                        let step = g[index] + decay * p[index]
                        v[index] = step
                        p[index] -= lr * step
                    }
                } else {
                    for index in 0..<parameters.count {
                        let step = mu * v[index] + (g[index] + decay * p[index])
                        v[index] = step
                        p[index] -= lr * step
                    }
                }
            }
        }
        swap(&velocity, &self.velocity)
        swap(&started, &self.started)
    }
}

/// Adam (`torch.optim.Adam`, L2 weight decay added to the gradient, bias-corrected moments).
public struct Adam: Optimizer {
    /// Step size `lr`.
    public var learningRate: Double
    /// Decay rate of the first-moment (mean) estimate.
    public var beta1: Double
    /// Decay rate of the second-moment (uncentred variance) estimate.
    public var beta2: Double
    /// Added to the denominator for numerical stability.
    public var epsilon: Double
    /// L2 weight decay added to the gradient.
    public var weightDecay: Double
    private var first: [[Float]] = []
    private var second: [[Float]] = []
    private var steps: [Int] = []

    /// Creates an optimizer with PyTorch's defaults; its moment estimates start at zero.
    public init(learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    /// One Adam update of `layers[trainable]`, with bias-corrected moments per parameter array.
    public mutating func step(_ layers: inout [DenseLayer], gradients: [DenseGradient], trainable: Range<Int>) {
        var first: [[Float]] = []
        var second: [[Float]] = []
        var steps: [Int] = []
        swap(&first, &self.first)  // move the state out, so that updating it copies nothing
        swap(&second, &self.second)
        swap(&steps, &self.steps)
        let (b1, b2, decay, eps) = (Float(beta1), Float(beta2), Float(weightDecay), Float(epsilon))
        let lr = learningRate
        let (beta1, beta2) = (self.beta1, self.beta2)
        forEachParameter(&layers, gradients, trainable) { slot, parameters, gradient in
            ensureSlot(&first, slot, parameters.count)
            ensureSlot(&second, slot, parameters.count)
            while steps.count <= slot { steps.append(0) }
            steps[slot] += 1
            let t = Double(steps[slot])
            let correction1 = Float(1 - pow(beta1, t))
            let stepSize = Float(lr) / correction1
            let root2 = Float((1 - pow(beta2, t)).squareRoot())
            first[slot].withUnsafeMutableBufferPointer { m in
                second[slot].withUnsafeMutableBufferPointer { v in
                    for index in parameters.indices {
                        let g = gradient[index] + decay * parameters[index]
                        m[index] = b1 * m[index] + (1 - b1) * g
                        v[index] = b2 * v[index] + (1 - b2) * g * g
                        parameters[index] -= stepSize * m[index] / (v[index].squareRoot() / root2 + eps)
                    }
                }
            }
        }
        swap(&first, &self.first)
        swap(&second, &self.second)
        swap(&steps, &self.steps)
    }
}

/// `base ^ exponent` for a positive base, without Foundation.
@inline(__always)
func pow(_ base: Double, _ exponent: Double) -> Double {
    var result = 1.0
    var remaining = Int(exponent)
    var factor = base
    while remaining > 0 {
        if remaining & 1 == 1 { result *= factor }
        factor *= factor
        remaining >>= 1
    }
    return result
}
