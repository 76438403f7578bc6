namespace Lodestone.Components.Pages.Training;

/// <summary>How a trainer option is edited in the form, from its JSON schema type.</summary>
public enum OptionFieldKind
{
    Number,
    Integer,
    Boolean,
    Choice,
    Text,
}
