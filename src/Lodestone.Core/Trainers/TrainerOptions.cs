using System.ComponentModel;

namespace Lodestone.Trainers;

/// <summary>Base of every trainer's options. Each trainer derives its own class; the catalogue reads their properties.</summary>
public abstract class TrainerOptions
{
    /// <summary>Seed for every random choice, so that a run can be reproduced.</summary>
    [Description("Seed for every random choice (any whole number): the same seed on the same data trains the same model.")]
    public int Seed { get; set; } = 42;

    /// <summary>The channels to train on, in this order; empty means every channel of the data. Check reports missing ones.</summary>
    [Description("The channels the trainer reads, in this order; empty means every input channel of the windows.")]
    public List<string> Channels { get; set; } = [];
}
