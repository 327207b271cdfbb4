import LatKitPluginKit

/// `ofa-mbv3-w1.0`: subnets of OFA's `ofa_mbv3_d234_e346_k357_w1.0` supernet (stem 16; stages
/// 24/40/80/112/160; head 960 -> 1280 -> 1000), the network the OFANAS GPU data measure.
final class OFAMobileNetV3W10Space: MobileNetV3SpacePlugin {
    static let name = "ofa-mbv3-w1.0"
    static let summary = "OFA MobileNetV3 w1.0 subnets: kernel 3/5/7 and expand 3/4/6 per block, depth 2-4 per stage, resolution"
    let space: MobileNetV3Space
    init(options: PluginOptions) throws { space = try MobileNetV3Space(supernet: .w10, coupling: .free, options: options) }
}

/// `ofa-mbv3-w1.2`: subnets of `ofa_mbv3_d234_e346_k357_w1.2` (stem 24; stages 32/48/96/136/192;
/// head 1152 -> 1536 -> 1000), the network of OFA's Note10 lookup tables and accuracy predictor.
final class OFAMobileNetV3W12Space: MobileNetV3SpacePlugin {
    static let name = "ofa-mbv3-w1.2"
    static let summary = "OFA MobileNetV3 w1.2 subnets: kernel 3/5/7 and expand 3/4/6 per block, depth 2-4 per stage, resolution"
    let space: MobileNetV3Space
    init(options: PluginOptions) throws { space = try MobileNetV3Space(supernet: .w12, coupling: .free, options: options) }
}

/// `compofa-fixed`: CompOFA's fixed-kernel subset of the OFA supernet: kernels 3,5,3,3,5 per
/// stage, expand ratio tied to stage depth (d2 -> e3, d3 -> e4, d4 -> e6): 243 networks per
/// resolution. Option `width` = 1.0 (default, as the measured CompOFA data) or 1.2 (as the Note10 LUT data).
final class CompOFAFixedKernelSpace: MobileNetV3SpacePlugin {
    static let name = "compofa-fixed"
    static let summary = "CompOFA fixed-kernel subnets of OFA MobileNetV3: depth per stage (expand tied to depth), resolution"
    static let optionsHelp = MobileNetV3Space.widthAndResolutionsHelp
    let space: MobileNetV3Space
    init(options: PluginOptions) throws { space = try MobileNetV3Space(coupling: .compofaFixedKernel, options: options) }
}

/// `compofa-elastic`: CompOFA's elastic-kernel subset: free kernel 3/5/7 per block, expand ratio
/// tied to stage depth (d2 -> e3, d3 -> e4, d4 -> e6). Option `width` as for `compofa-fixed`.
final class CompOFAElasticKernelSpace: MobileNetV3SpacePlugin {
    static let name = "compofa-elastic"
    static let summary = "CompOFA elastic-kernel subnets of OFA MobileNetV3: kernel per block, depth per stage (expand tied), resolution"
    static let optionsHelp = MobileNetV3Space.widthAndResolutionsHelp
    let space: MobileNetV3Space
    init(options: PluginOptions) throws { space = try MobileNetV3Space(coupling: .compofaElasticKernel, options: options) }
}
