using System.Text.Json.Nodes;
using Lodestone.Components.Pages.Training;
using Lodestone.Trainers;

namespace Lodestone.Components;

/// <summary>The start form's options, built from a trainer's JSON schema: typed fields with defaults, errors beside them.</summary>
public class OptionsFormModelTests
{
    private static readonly TrainerCatalog Catalog = new();

    [Fact]
    public void EveryFieldOfEveryKind_SaysWhatItDoes_AndTheDeepKindsHideTheirInternalSettings()
    {
        var catalog = new TrainerCatalog([new Lodestone.Torch.Trainers.CnnClassifierTrainer(), new Lodestone.Torch.Trainers.ConvAutoencoderTrainer()]);
        foreach (var kind in catalog.Kinds)
            foreach (var field in new OptionsFormModel(catalog, kind, "{}").Fields)
                Assert.False(string.IsNullOrWhiteSpace(field.Description), $"{kind}.{field.Name} has no description");

        var cnn = new OptionsFormModel(catalog, "cnn", "{}").Fields.Select(f => f.Name).ToList();
        Assert.DoesNotContain("threads", cnn);
        Assert.DoesNotContain("startFrom", cnn);
        Assert.Contains("epochs", cnn);
    }

    [Fact]
    public void EveryBoundedField_ShowsTheRangeTheServerChecks_AndNoDescriptionKeepsACopyOfIt()
    {
        var catalog = new TrainerCatalog([new Lodestone.Torch.Trainers.CnnClassifierTrainer(), new Lodestone.Torch.Trainers.ConvAutoencoderTrainer()]);
        foreach (var kind in catalog.Kinds)
        {
            var properties = catalog.Describe(kind).Schema["properties"]!.AsObject();
            foreach (var field in new OptionsFormModel(catalog, kind, "{}").Fields)
            {
                var property = properties[field.Name]!.AsObject();
                var bounded = property.ContainsKey("minimum") || property.ContainsKey("exclusiveMinimum") || property.ContainsKey("maximum");
                Assert.True(bounded == field.Range is not null, $"{kind}.{field.Name}: range '{field.Range}'");
                if (!bounded) continue;
                Assert.Contains($"Range: {field.Range}.", field.Help);
                Assert.DoesNotContain($"({field.Range})", field.Description ?? "");
            }
        }
        var forest = new OptionsFormModel(catalog, "isolation-forest", "{}").Fields.ToDictionary(f => f.Name);
        Assert.Equal("1 to 10,000", forest["trees"].Range);
        Assert.Equal("above 0, at most 0.5", forest["contamination"].Range);
        Assert.Equal("at least 0, below 1", new OptionsFormModel(catalog, "cnn", "{}").Fields.Single(f => f.Name == "dropout").Range);
    }

    [Fact]
    public void AnOutOfRangeValue_GivesTheServersErrorWithItsJsonPath_BesideTheShortOneAtTheField()
    {
        var catalog = new TrainerCatalog([new Lodestone.Torch.Trainers.ConvAutoencoderTrainer()]);
        var form = new OptionsFormModel(catalog, "conv-autoencoder", """{"window":{"length":0}}""");

        form.Set("epochs", "0");

        Assert.Equal("Must be between 1 and 10000; it is 0.", form.Fields.Single(f => f.Name == "epochs").Error);
        // As RunRecipeApiTests shows the API answering the same config.
        Assert.Equal(["$.config.epochs: must be between 1 and 10000; it is 0", "$.config.window.length: must be between 1 and 1000000; it is 0"],
            form.RecipeErrors.Order());
        Assert.Equal("$.config.window.length: must be between 1 and 1000000; it is 0.", form.Error);
    }

    [Fact]
    public void Set_PutsARangeErrorBesideItsField()
    {
        var form = new OptionsFormModel(Catalog, "isolation-forest", "{}");

        form.Set("contamination", "0.9");

        Assert.Equal("Must be greater than 0 and at most 0.5; it is 0.9.", form.Fields.Single(f => f.Name == "contamination").Error);
        Assert.True(form.HasErrors);
    }

    [Fact]
    public void Fields_ComeFromTheSchema_WithTheirKindDefaultAndDescription()
    {
        var form = new OptionsFormModel(Catalog, "isolation-forest", "{}");
        var fields = form.Fields.ToDictionary(f => f.Name);

        Assert.Equal((OptionFieldKind.Integer, "100"), (fields["trees"].Kind, fields["trees"].Text));
        Assert.Equal(OptionFieldKind.Number, fields["contamination"].Kind);
        Assert.Equal(OptionFieldKind.Boolean, fields["standardize"].Kind);
        Assert.Equal(["Auto", "Raw", "Features"], fields["input"].Choices);
        Assert.Contains("trains the same model", fields["seed"].Help);
        Assert.DoesNotContain("channels", fields.Keys); // a list: edited in the JSON
    }

    [Fact]
    public void AValidField_IsWrittenToTheConfig_KeepingSettingsTheFormDoesNotShow()
    {
        var form = new OptionsFormModel(Catalog, "isolation-forest", """{"window":{"length":50}}""");

        form.Set("trees", "250");
        form.Set("input", "Raw");
        var config = JsonNode.Parse(form.ConfigJson)!;

        Assert.False(form.HasErrors);
        Assert.Equal(250, (int)config["trees"]!);
        Assert.Equal("Raw", (string)config["input"]!);
        Assert.Equal(50, (int)config["window"]!["length"]!);
    }

    [Fact]
    public void AnInvalidValue_IsShownBesideItsField_AndLeavesTheConfigAlone()
    {
        var form = new OptionsFormModel(Catalog, "drift", "{}");

        form.Set("rollingWindow", "ten");
        form.Set("thresholdPercent", "1,5");

        Assert.True(form.HasErrors);
        Assert.Equal("A whole number, e.g. 100.", form.Fields.Single(f => f.Name == "rollingWindow").Error);
        Assert.Contains("A number", form.Fields.Single(f => f.Name == "thresholdPercent").Error);
        Assert.Equal("{}", form.ConfigJson.Replace(" ", "").Replace("\n", "").Replace("\r", ""));
    }

    [Fact]
    public void TheJsonView_FillsTheFields_AndATypeErrorInItIsShownBesideTheField()
    {
        var form = new OptionsFormModel(Catalog, "calibration", "{}");

        form.SetJson("""{"sensor":"probe-1","degree":2}""");
        var sensor = form.Fields.Single(f => f.Name == "sensor").Text;
        form.SetJson("""{"degree":"two"}""");
        var degree = form.Fields.Single(f => f.Name == "degree");
        form.SetJson("{ not json");

        Assert.Equal("probe-1", sensor);
        Assert.NotNull(degree.Error);
        Assert.StartsWith("The JSON does not parse", form.Error);
    }
}
