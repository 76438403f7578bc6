using Lodestone.Torch.Trainers;
using Lodestone.Trainers;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Torch;

public static class DeepTrainerServices
{
    /// <summary>Makes the deep trainers (CNN, LSTM, GRU, Transformer, conv and LSTM autoencoders) available to runs.</summary>
    public static IServiceCollection AddDeepTrainers(this IServiceCollection services)
    {
        services.AddSingleton<ITrainer, CnnClassifierTrainer>();
        services.AddSingleton<ITrainer, LstmClassifierTrainer>();
        services.AddSingleton<ITrainer, GruClassifierTrainer>();
        services.AddSingleton<ITrainer, TransformerClassifierTrainer>();
        services.AddSingleton<ITrainer, ConvAutoencoderTrainer>();
        services.AddSingleton<ITrainer, LstmAutoencoderTrainer>();
        return services;
    }
}
