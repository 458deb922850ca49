// The commands still parsed with `Arguments`, until they move to `Command` (build, merge,
// sample, campaign).
extension BuildCommand: Runnable {
    static let name = "build"
    static let abstract = "enumerate an (n,m) machine space exactly into an output table"
    static func main(_ arguments: [String], _ terminal: Terminal) throws -> Int32 { try run(arguments, terminal) }
}

extension MergeCommand: Runnable {
    static let name = "merge"
    static let abstract = "add the partial tables of a sharded run (acss build --shard) into one table"
    static func main(_ arguments: [String], _ terminal: Terminal) throws -> Int32 { try run(arguments, terminal) }
}

extension CampaignCommand: Runnable {
    static let name = "campaign"
    static let abstract = "resumable sharded enumerations: start, run, shard, status, merge"
    static func main(_ arguments: [String], _ terminal: Terminal) throws -> Int32 { try run(arguments, terminal) }
}

extension SampleCommand: Runnable {
    static let name = "sample"
    static let abstract = "estimate a space too large to enumerate: stratified lazy sampling with standard errors"
    static func main(_ arguments: [String], _ terminal: Terminal) throws -> Int32 { try run(arguments, terminal) }
}
